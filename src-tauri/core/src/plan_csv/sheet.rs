//! Reading a sheet as spreadsheets save it: a byte-order mark, CRLF, quoted fields with
//! separators and line breaks inside, `,` or `;` between fields (many locales save `;`).
//! The `csv` crate parses; this picks the separator and names the columns.

use std::collections::BTreeMap;

use super::{COLUMNS, EXPORT_COLUMNS};

/// A sheet's rows by column name, with the columns no import reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub rows: Vec<SheetRow>,
    pub unknown_columns: Vec<String>,
}

/// One row, numbered as a spreadsheet shows it (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub number: u32,
    cells: BTreeMap<&'static str, String>,
    /// More cells than the header names.
    pub extra_cells: usize,
}

impl SheetRow {
    /// The cell of `column`, trimmed; empty when the sheet has no such column.
    pub fn get(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", |v| v.trim())
    }

    #[cfg(test)]
    pub fn of(number: u32, cells: &[(&'static str, &str)]) -> SheetRow {
        SheetRow {
            number,
            cells: cells.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            extra_cells: 0,
        }
    }
}

/// Why a file cannot be read as a sheet at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not a CSV file: it is not text (UTF-8)")]
    NotText,
    #[error("the header row names none of the columns an import reads ({expected})")]
    NoKnownColumn { expected: String },
    #[error("the same column is named twice in the header: {0}")]
    DuplicateColumn(String),
    #[error("the file cannot be read as CSV: {0}")]
    Malformed(String),
}

/// `;` when the header line holds more of them than commas, else `,`.
fn separator(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let count = |c: char| header.chars().filter(|&x| x == c).count();
    if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// A header cell as a column name: `Time Zone` and ` time_zone ` both read `time_zone`.
fn column_name(cell: &str) -> String {
    cell.trim().to_lowercase().replace([' ', '-'], "_")
}

pub fn read(bytes: &[u8]) -> Result<Sheet, SheetError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| SheetError::NotText)?;
    if text.contains('\0') {
        return Err(SheetError::NotText);
    }
    if text.trim().is_empty() {
        return Err(SheetError::Empty);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| SheetError::Malformed(e.to_string()))?
        .iter()
        .map(column_name)
        .collect();
    // Each header position: the column it is (None for an unknown one).
    let mut known: Vec<Option<&'static str>> = Vec::with_capacity(header.len());
    let mut unknown_columns = Vec::new();
    for name in &header {
        let column = COLUMNS.iter().find(|c| **c == name.as_str()).copied();
        if let Some(c) = column {
            if known.contains(&Some(c)) {
                return Err(SheetError::DuplicateColumn(c.to_string()));
            }
        } else if !name.is_empty() && !EXPORT_COLUMNS.contains(&name.as_str()) {
            unknown_columns.push(name.clone());
        }
        known.push(column);
    }
    if known.iter().all(Option::is_none) {
        return Err(SheetError::NoKnownColumn {
            expected: COLUMNS.join(", "),
        });
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| SheetError::Malformed(e.to_string()))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut cells = BTreeMap::new();
        for (at, value) in record.iter().enumerate() {
            if let Some(Some(column)) = known.get(at) {
                cells.insert(*column, value.to_string());
            }
        }
        rows.push(SheetRow {
            number: u32::try_from(i + 2).unwrap_or(u32::MAX),
            cells,
            extra_cells: record.len().saturating_sub(header.len()),
        });
    }
    Ok(Sheet {
        rows,
        unknown_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spreadsheet_file_with_bom_crlf_semicolons_and_quoted_breaks() {
        let caption = "🌅 ".repeat(2000) + "fin"; // 4,003 characters with emoji
        let text = format!(
            "\u{feff}Container;Accounts;Caption;Notes\r\ncnt_1;@maya.snaps|sa_2;\"{caption}\";x\r\ncnt_2;@a;\"one; two\r\nthree \"\"quoted\"\"\";\r\n;;;\r\n"
        );
        let sheet = read(text.as_bytes()).unwrap();
        assert_eq!(sheet.unknown_columns, vec!["notes".to_string()]);
        assert_eq!(sheet.rows.len(), 2, "the empty row is skipped");
        assert_eq!(sheet.rows[0].number, 2);
        assert_eq!(sheet.rows[0].get("accounts"), "@maya.snaps|sa_2");
        assert_eq!(sheet.rows[0].get("caption").chars().count(), 4003);
        assert_eq!(sheet.rows[1].number, 3);
        assert_eq!(sheet.rows[1].get("caption"), "one; two\r\nthree \"quoted\"");
        assert_eq!(
            sheet.rows[1].get("time_zone"),
            "",
            "a column the sheet lacks reads empty"
        );
    }

    #[test]
    fn commas_and_export_columns() {
        let sheet =
            read(b"container,accounts,status,post_links\ncnt_1,\"@a, the first\",published,x\n")
                .unwrap();
        assert!(
            sheet.unknown_columns.is_empty(),
            "an export's own columns are not unknown"
        );
        assert_eq!(sheet.rows[0].get("accounts"), "@a, the first");
    }

    #[test]
    fn files_that_are_not_a_sheet() {
        assert_eq!(read(b""), Err(SheetError::Empty));
        assert_eq!(read(b"\xEF\xBB\xBF \r\n"), Err(SheetError::Empty));
        assert_eq!(read(b"\x89PNG\r\n\x1a\n\0\0"), Err(SheetError::NotText));
        assert_eq!(read(b"\xff\xfe\x00a"), Err(SheetError::NotText));
        assert!(matches!(
            read(b"name,age\nmaya,3\n"),
            Err(SheetError::NoKnownColumn { .. })
        ));
        assert_eq!(
            read(b"container,Container\n"),
            Err(SheetError::DuplicateColumn("container".into()))
        );
    }

    #[test]
    fn a_row_longer_than_the_header_is_counted() {
        let sheet = read(b"container,accounts\ncnt_1,@a,surplus,more\n").unwrap();
        assert_eq!(sheet.rows[0].extra_cells, 2);
    }
}
