"""Each dashboard page as data: `sections(con, filters) -> list[Section]` per page, for the page itself, the
exports and the meeting pack alike. VIEWS names them for the command line and the exports."""
