internal import CSQLite

extension SQLiteStatement {
    /// Binds an integer to the parameter at `index` (1-based).
    public func bind(_ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value), index)
    }

    /// Binds an integer to the parameter at `index` (1-based).
    public func bind(_ index: Int32, _ value: Int) throws {
        try check(sqlite3_bind_int64(handle, index, Int64(value)), index)
    }

    /// Binds a floating-point number to the parameter at `index` (1-based).
    public func bind(_ index: Int32, _ value: Double) throws {
        try check(sqlite3_bind_double(handle, index, value), index)
    }

    /// Binds text to the parameter at `index` (1-based); SQLite copies it.
    public func bind(_ index: Int32, _ value: String) throws {
        var value = value
        // withUTF8 reads a native string in place; it copies only a string
        // that is not contiguous UTF-8.
        let resultCode = value.withUTF8 { bytes in
            csqlite_bind_text(handle, index, bytes.baseAddress, UInt64(bytes.count))
        }
        try check(resultCode, index)
    }

    /// Binds text, or NULL for nil, to the parameter at `index` (1-based).
    public func bind(_ index: Int32, _ value: String?) throws {
        if let value { try bind(index, value) } else { try bindNull(index) }
    }

    /// Binds an integer, or NULL for nil, to the parameter at `index` (1-based).
    public func bind(_ index: Int32, _ value: Int64?) throws {
        if let value { try bind(index, value) } else { try bindNull(index) }
    }

    /// Binds a blob to the parameter at `index` (1-based); SQLite copies it.
    public func bind(_ index: Int32, _ value: [UInt8]) throws {
        let resultCode = value.withUnsafeBytes { bytes in
            csqlite_bind_blob(handle, index, bytes.baseAddress, UInt64(bytes.count))
        }
        try check(resultCode, index)
    }

    /// Binds NULL to the parameter at `index` (1-based).
    public func bindNull(_ index: Int32) throws {
        try check(sqlite3_bind_null(handle, index), index)
    }

    /// Binds any value to the parameter at `index` (1-based).
    public func bind(_ index: Int32, _ value: SQLiteValue) throws {
        switch value {
        case .null: try bindNull(index)
        case .integer(let integer): try bind(index, integer)
        case .real(let real): try bind(index, real)
        case .text(let text): try bind(index, text)
        case .blob(let bytes): try bind(index, bytes)
        }
    }

    /// Binds `values` to parameters 1…n; their number must match the statement's parameters.
    public func bind(_ values: [SQLiteValue]) throws {
        guard values.count == Int(parameterCount) else {
            throw SQLiteError.misuse(
                "expected \(parameterCount) values, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(Int32(offset + 1), value)
        }
    }

    @inline(__always)
    private func check(_ resultCode: Int32, _ index: Int32) throws {
        if resultCode != SQLITE_OK { throw bindingError(resultCode, index) }
    }

    /// Names the parameter by position only: bound values stay out of errors.
    private func bindingError(_ resultCode: Int32, _ index: Int32) -> SQLiteError {
        SQLiteError(
            resultCode: resultCode, handle: connection.handle, sql: sql, detail: "parameter \(index)")
    }
}
