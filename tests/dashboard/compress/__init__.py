"""AppTest of dashboard/areas/compress."""
