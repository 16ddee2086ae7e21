"""Understanding text: sentences, dates, cruft and datelines, key points, similarity."""
