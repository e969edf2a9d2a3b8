import ArgumentParser

@main
struct Clipsonic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clipsonic",
        abstract: "Turn a text prompt or a picture into sound (CLIPSonic), on the CPU.",
        subcommands: [Studio.self, Generate.self, Batch.self, Info.self, RandomBundleCommand.self],
        defaultSubcommand: Studio.self)
}
