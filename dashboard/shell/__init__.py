"""The frame of every page: URL and page state, sidebar, page header, lesson panel, presenter
mode, progress, "measured at", report export and error display."""
