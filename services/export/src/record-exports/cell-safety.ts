/**
 * Spreadsheet formula injection (CSV and XLSX): a text cell starting with one of these characters
 * could be evaluated as a formula when the file is opened in Excel, LibreOffice or Google Sheets.
 * Such cells get a leading apostrophe (OWASP's advice), which spreadsheets show as plain text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function protectCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
