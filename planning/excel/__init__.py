"""The programme's activity plan and indicators as an Excel workbook: the columns both ways
(`columns`), the export and the import template (`export`). The import is a service:
`planning.services.plan_import`."""
