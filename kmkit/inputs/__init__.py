"""What clients send, read and checked: tables, their schemas, survey imports, forms."""
