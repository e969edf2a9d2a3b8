import ArgumentParser
import Foundation

@main
struct Clipsonic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clipsonic",
        abstract: "Turn a text prompt or a picture into sound (CLIPSonic), on the CPU.",
        subcommands: [Studio.self, Generate.self, Batch.self, Info.self, Search.self, RandomBundleCommand.self],
        defaultSubcommand: Studio.self)

    static func main() {
        let arguments = ABModes.expandingBareFlag(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("Error: \(error.description)\n".utf8))
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
