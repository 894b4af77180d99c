#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H

#include <sqlite3.h>

// SQLITE_TRANSIENT and SQLITE_STATIC are casts of integers to function
// pointers, which Swift cannot import as constants.
static inline sqlite3_destructor_type csqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

static inline sqlite3_destructor_type csqlite_static(void) {
    return SQLITE_STATIC;
}

// Extended result codes are macros built from other macros, which Swift
// does not import.
static const int CSQLITE_CONSTRAINT_FOREIGNKEY = SQLITE_CONSTRAINT_FOREIGNKEY;
static const int CSQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT_PRIMARYKEY;
static const int CSQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT_UNIQUE;

// Binds UTF-8 text of a known length (embedded NULs allowed) as a copy.
// An empty Swift buffer may have no base address, and SQLite binds a NULL
// pointer as SQL NULL, so an empty value is given a valid pointer instead.
static inline int csqlite_bind_text(sqlite3_stmt *statement, int index,
                                    const unsigned char *text,
                                    sqlite3_uint64 length) {
    return sqlite3_bind_text64(statement, index,
                               text ? (const char *)text : "", length,
                               SQLITE_TRANSIENT, SQLITE_UTF8);
}

// Binds a blob as a copy; an empty blob stays an empty blob, not NULL.
static inline int csqlite_bind_blob(sqlite3_stmt *statement, int index,
                                    const void *bytes, sqlite3_uint64 length) {
    return sqlite3_bind_blob64(statement, index, bytes ? bytes : "", length,
                               SQLITE_TRANSIENT);
}

// sqlite3_config is variadic, which Swift cannot call. Memory statistics take
// a process-wide mutex on every allocation; nothing here reads them, so they
// are switched off before the library initialises (later calls are ignored
// with SQLITE_MISUSE, which is harmless).
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
