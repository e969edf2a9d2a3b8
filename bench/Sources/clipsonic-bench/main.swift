import Foundation
import Models

// clipsonic-bench [ops] [--json]: runs the named benchmark groups (default: all) and prints a
// table, or JSON with --json. Each row is compared with its reference measured in the same run.
let args = Array(CommandLine.arguments.dropFirst())
// The child of the pipeline group's memory row (TakeMemoryBench): one take in a fresh process.
if args.first == TakeMemoryBench.group { exit(TakeMemoryBench.child(Array(args.dropFirst()))) }
let json = args.contains("--json")
let groups = args.filter { !$0.hasPrefix("--") }
let selected = groups.isEmpty ? ["ops", "unet", "bigvgan", "clip", "prior", "pipeline"] : groups
var rows: [BenchRow] = []
print("threads: \(ComputeThreads.count)")
for g in selected {
    switch g {
    case "ops": rows += OpsBench.run()
    case "profile": ProfileBench.run()
    case "unet": rows += UNetStepBench.run()
    case "bigvgan": rows += BigVGANBench.run()
    case "clip": rows += CLIPBench.run()
    case "prior": rows += PriorBench.run()
    case "pipeline": rows += PipelineBench.run()
    case "variations": rows += VariationsBench.run()
    case "session": rows += SessionBench.run()
    default:
        FileHandle.standardError.write(Data("unknown benchmark group '\(g)'; known: ops, profile, unet, bigvgan, clip, prior, pipeline, variations, session\n".utf8))
        exit(2)
    }
}
if OpProfile.enabled { OpProfile.printReport(to: .standardOutput) }
if json {
    if let text = try? JSONValueEncoder().encodeText(rows, style: .pretty) { print(text) }
} else {
    printTable(rows)
}
