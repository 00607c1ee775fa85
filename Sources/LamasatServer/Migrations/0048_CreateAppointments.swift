import Fluent
import SQLKit

/// Interview slots the branches publish and the appointments booked in them (issue 20, [P-8], [P-18]).
struct M0048CreateAppointments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("appointment_slots")
            .id()
            .field("branch_id", .uuid, .required, .references("branches", "id"))
            .field("starts_at", .datetime, .required)
            .field("minutes", .int, .required)
            .field("modes", .string, .required)
            .field("capacity", .int, .required)
            .field("is_cancelled", .bool, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex("appointment_slots_day", on: "appointment_slots", "branch_id, starts_at")
        try await database.schema("appointments")
            .id()
            .field("slot_id", .uuid, .required, .references("appointment_slots", "id"))
            .field("beneficiary_id", .uuid, .required, .references("beneficiaries", "id"))
            .field("branch_id", .uuid, .required, .references("branches", "id"))
            .field("mode", .string, .required)
            .field("status", .string, .required)
            .field("purpose", .string, .required)
            .field("source", .string, .required)
            .field("booked_by", .uuid)
            .field("booked_at", .datetime, .required)
            .field("reminded_at", .datetime)
            .field("outcome", .string, .required)
            .field("closed_by", .uuid)
            .field("closed_at", .datetime)
            .field("version", .int, .required)
            .create()
        try await database.createIndex("appointments_slot", on: "appointments", "slot_id, status")
        try await database.createIndex("appointments_file", on: "appointments", "beneficiary_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema("appointments").delete()
        try await database.schema("appointment_slots").delete()
    }
}
