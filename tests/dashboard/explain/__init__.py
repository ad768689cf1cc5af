"""AppTest of dashboard/areas/explain."""
