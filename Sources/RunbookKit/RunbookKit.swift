@_exported import RunbookBytes
@_exported import RunbookDocument
@_exported import RunbookExecution
@_exported import RunbookExport
@_exported import RunbookLint
@_exported import RunbookParsing
@_exported import RunbookRecords
