@_exported import RunbookBytes
@_exported import RunbookDocument
@_exported import RunbookParsing
@_exported import RunbookLint
@_exported import RunbookRecords
@_exported import RunbookExecution
@_exported import RunbookExport
