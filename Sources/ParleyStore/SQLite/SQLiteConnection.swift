internal import CSQLite

/// Owns the `sqlite3` handle and closes it once nothing uses it any more.
///
/// `SQLiteDatabase` and every `SQLiteStatement` hold this object strongly,
/// so the handle is closed only after the last statement is finalised,
/// whichever of them the caller releases first. Keeping the handle out of
/// `SQLiteDatabase` itself avoids a cycle through the statement cache.
final class SQLiteConnection {
    let handle: OpaquePointer

    init(path: String, flags: Int32) throws {
        var handle: OpaquePointer?
        let resultCode = sqlite3_open_v2(path, &handle, flags, nil)
        guard resultCode == SQLITE_OK, let handle else {
            let error = SQLiteError(
                resultCode: resultCode, handle: handle, sql: nil, detail: "opening \(path)")
            // SQLite usually allocates a handle even when opening fails; it
            // must still be closed. Closing an unused handle cannot fail.
            sqlite3_close_v2(handle)
            throw error
        }
        self.handle = handle
    }

    deinit {
        // Every statement holding this connection is finalised by now, so
        // close_v2 closes at once; it fails only on a bad handle.
        let resultCode = sqlite3_close_v2(handle)
        assert(resultCode == SQLITE_OK, "sqlite3_close_v2 failed with \(resultCode)")
    }
}
