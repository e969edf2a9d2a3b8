"""EVAL.md's sections: each evaluation command replaces only what it owns."""
from training.mini import eval_sections


def test_main_and_sections_replace_only_their_own(tmp_path):
    path = str(tmp_path / "EVAL.md")
    eval_sections.write_main(path, "# main\nfirst\n")
    eval_sections.write_section(path, "long-takes", "## Long takes\nrow 1")
    eval_sections.write_section(path, "variations", "## Variations\nrow 2")
    eval_sections.write_section(path, "long-takes", "## Long takes\nrow 1, rerun")
    eval_sections.write_main(path, "# main\nsecond\n")
    text = open(path).read()
    assert text.startswith("# main\nsecond\n")
    assert "first" not in text and "row 1\n" not in text
    assert text.index("row 1, rerun") < text.index("row 2"), "a replaced section keeps its place"
    assert list(eval_sections.sections(text)) == ["long-takes", "variations"]
    assert not (tmp_path / "EVAL.md.tmp").exists()


def test_a_section_into_a_missing_file(tmp_path):
    path = str(tmp_path / "EVAL.md")
    eval_sections.write_section(path, "variations", "v")
    assert open(path).read() == "<!-- section: variations -->\nv\n<!-- end: variations -->\n"
