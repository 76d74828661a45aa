"""Files users upload or download: reading tables from CSV and spreadsheets."""
