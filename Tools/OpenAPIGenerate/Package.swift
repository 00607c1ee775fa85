// swift-tools-version: 6.2
// Builds Apple's OpenAPI generator apart from the application, so the app's own build never compiles it:
// `scripts/generate-api` runs it on API/openapi.yaml and the generated Swift is committed in Sources/LamasatAPI.
import PackageDescription

let package = Package(
    name: "OpenAPIGenerate",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3"),
    ]
)
