"""AppTest of dashboard/shell."""
