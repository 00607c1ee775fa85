import LamasatServer

try await LamasatMain.run()
