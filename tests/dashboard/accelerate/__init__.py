"""AppTest of dashboard/areas/accelerate."""
