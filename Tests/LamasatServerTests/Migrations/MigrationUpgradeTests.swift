import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import LamasatServer

/// Issue 14: a database created by the first landed schema, with data in it, migrates up to today and keeps its
/// data — on SQLite, and on PostgreSQL when the suite runs with DATABASE_URL.
@Suite("Upgrading a first-landed database", .serialized)
struct MigrationUpgradeTests {
    @Test("a database of the first landed schema, with data, migrates to today and keeps every row")
    func upgradeKeepsData() async throws {
        let directory = NSTemporaryDirectory() + "lamasat-upgrade-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A file, not memory: the database outlives the application that created it, as on a real server.
        let database = testDatabaseURL.map { AppConfig.DatabaseChoice.postgres(url: $0) } ?? .sqliteFile(path: directory + "/lamasat.sqlite")
        let data = try await firstLandedDatabase(database, directory: directory)

        try await withLamasat(config: { $0.database = database }, existingDatabase: true) { t in
            struct Name: Decodable { let name: String }
            let ran = try await t.db.sql.raw("SELECT name FROM _fluent_migrations").all(decoding: Name.self)
            #expect(ran.count == LamasatMigrations.all(auditKey: t.app.lamasat.secrets.audit).count)

            for row in data.rows {
                #expect(try await count(row.table, matching: row.values, on: t.db) == 1, "a row of \(row.table) was lost or changed")
            }
            struct Counter: Decodable, Equatable { let name: String; let value: Int64 }
            #expect(try await t.db.sql.raw("SELECT name, value FROM counters WHERE value > 0 ORDER BY name").all(decoding: Counter.self)
                == [Counter(name: "beneficiary_file", value: 1), Counter(name: "inquiry", value: 1), Counter(name: "support_request", value: 1)])

            // What 0023 adds: a sent letter's number moves to its own column; new columns start empty or off.
            #expect(try await count("outbox_messages", matching: ["id": data.letter, "status": "sent", "letter_number": "L-2026-000045"],
                                    null: ["last_error"], on: t.db) == 1)
            #expect(try await count("outbox_messages", matching: ["id": data.sms], null: ["letter_number"], on: t.db) == 1)
            #expect(try await count("staff_users", matching: ["id": data.officer],
                                    null: ["totp_secret", "totp_enabled_at", "totp_last_counter"], on: t.db) == 1)
            #expect(try await count("staff_sessions", matching: ["id": data.session, "second_factor_pending": false], on: t.db) == 1)
            #expect(try await count("organization_settings", matching: ["id": 1, "second_factor_all_staff": false], on: t.db) == 1)
            #expect(try await count("survey_links", matching: ["id": data.link, "tries": 0, "confirm_sent": 0],
                                    null: ["confirm_hash", "confirm_expires_at"], on: t.db) == 1)
            #expect(try await count("committee_agenda", matching: ["id": data.agendaItem], null: ["acting_chair_id"], on: t.db) == 1)
            #expect(try await count("outreach_runs", matching: ["id": data.run], null: ["branch_id"], on: t.db) == 1)

            // What 0025 adds on SQLite: the word index holds the existing file's name, word by word.
            if !runsOnPostgres {
                struct Hit: Decodable { let rowid: Int64 }
                struct Word: Decodable { let word: String }
                #expect(try await t.db.sql.raw("SELECT rowid FROM beneficiary_names_words WHERE beneficiary_names_words MATCH 'عبدالله'")
                    .all(decoding: Hit.self).map(\.rowid) == [1])
                #expect(try await t.db.sql.raw("SELECT word FROM beneficiary_names_vocabulary ORDER BY word").all(decoding: Word.self)
                    .map(\.word) == ["القحطاني", "عبدالله", "محمد", "نوره"])
            }

            // Today's models read the old rows.
            #expect(try await StaffUser.find(data.officer, on: t.db)?.totpSecret == nil)
            #expect(try await Beneficiary.find(data.beneficiary, on: t.db)?.nationalID == "1012345678")

            // The plain-hash chain still verifies, and the keyed chain continues from it.
            struct Mark: Decodable { let keyed_from: Int64 }
            #expect(try await t.db.sql.raw("SELECT keyed_from FROM audit_chain_head WHERE id = 1").first(decoding: Mark.self)?.keyed_from == 3)
            let key = t.app.lamasat.secrets.audit
            #expect(try await AuditChain.verify(key: key, on: t.db) == .init(checked: 2, firstBrokenSequence: nil))
            let event = AuditChain.Event(action: "upgrade.check", outcome: .success)
            try await AuditChain.append(event, at: t.clock.now(), key: key, on: t.db)
            #expect(try await AuditChain.verify(key: key, on: t.db) == .init(checked: 3, firstBrokenSequence: nil))
        }
    }

    /// A database migrated only to the first landed stop (0001–0022), holding `FirstLandedRows`.
    private func firstLandedDatabase(_ database: AppConfig.DatabaseChoice, directory: String) async throws -> FirstLandedRows {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try DatabaseSetup.use(database, dataDirectory: directory, waitSeconds: 10, on: app)
            if case .postgres = database {
                try await app.db.sql.raw("DROP SCHEMA public CASCADE").run()
                try await app.db.sql.raw("CREATE SCHEMA public").run()
            }
            app.migrations.add(LamasatMigrations.landed)
            try await app.autoMigrate()
            let data = try await FirstLandedRows.insert(on: app.db)
            try await app.asyncShutdown()
            return data
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// How many rows of `table` hold every one of `values` and have the `null` columns empty, compared by the
    /// database in its own types.
    private func count(
        _ table: String, matching values: KeyValuePairs<String, any Encodable & Sendable>, null: [String] = [], on db: any Database
    ) async throws -> Int {
        let select = db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from(table)
        for (column, value) in values { select.where(SQLIdentifier(column), .equal, SQLBind(value)) }
        for column in null { select.where(SQLIdentifier(column), .is, SQLLiteral.null) }
        struct Count: Decodable { let n: Int }
        return try await select.first(decoding: Count.self)?.n ?? -1
    }
}
