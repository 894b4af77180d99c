import Foundation
import ParleyApp

exit(Bench.main(Array(CommandLine.arguments.dropFirst())))
