import Foundation
import ParleyApp

exit(CommandRunner(console: StandardConsole()).main(Array(CommandLine.arguments.dropFirst())))
