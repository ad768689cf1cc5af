"""AppTest of dashboard/areas/fuse."""
