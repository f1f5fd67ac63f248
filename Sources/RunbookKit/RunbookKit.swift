// The use cases the CLI calls live beside this file; every layer below is re-exported so the
// CLI imports one module.
@_exported import RunbookBytes
@_exported import RunbookDocument
@_exported import RunbookExecution
@_exported import RunbookExport
@_exported import RunbookLint
@_exported import RunbookParsing
@_exported import RunbookRecords
