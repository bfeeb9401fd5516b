"""Strategy Coach: a coaching assistant for public-sector strategic planning."""
