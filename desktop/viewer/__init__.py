"""The document viewer: page view, annotation layer, annotator, page geometry."""
