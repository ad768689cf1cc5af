"""AppTest of dashboard/areas/home."""
