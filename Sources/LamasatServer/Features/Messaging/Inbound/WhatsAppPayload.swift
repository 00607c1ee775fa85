import Foundation

/// The parts of a WhatsApp Cloud API webhook we read: entry[].changes[].value with its messages[] and statuses[].
struct WhatsAppPayload: Decodable {
    struct Entry: Decodable { let changes: [Change]? }
    struct Change: Decodable { let value: Value? }
    struct Value: Decodable {
        let contacts: [Contact]?
        let messages: [Message]?
        let statuses: [Status]?
    }
    struct Contact: Decodable {
        struct Profile: Decodable { let name: String? }
        let profile: Profile?
        let wa_id: String?
    }
    struct Media: Decodable { let id: String; let mime_type: String?; let caption: String?; let filename: String? }
    struct Message: Decodable {
        struct Text: Decodable { let body: String }
        struct Button: Decodable { let text: String? }
        struct Interactive: Decodable {
            struct Reply: Decodable { let id: String?; let title: String? }
            let button_reply: Reply?
            let list_reply: Reply?
        }
        let from: String
        let id: String
        let type: String?
        let text: Text?
        let image: Media?
        let document: Media?
        let audio: Media?
        let video: Media?
        let button: Button?
        let interactive: Interactive?

        var media: Media? { image ?? document ?? audio ?? video }

        /// What she wrote, a chosen button's title, or a media's caption.
        var shownText: String {
            text?.body ?? button?.text ?? interactive?.button_reply?.title ?? interactive?.list_reply?.title ?? media?.caption ?? ""
        }
    }
    struct Status: Decodable {
        struct Problem: Decodable { let code: Int?; let title: String? }
        let id: String
        let status: String
        let errors: [Problem]?

        var reason: String {
            (errors ?? []).map { [$0.code.map(String.init), $0.title].compactMap { $0 }.joined(separator: " ") }.joined(separator: "; ")
        }
    }

    let entry: [Entry]?

    var values: [Value] { (entry ?? []).flatMap { $0.changes ?? [] }.compactMap(\.value) }
}
