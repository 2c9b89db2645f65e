"""The Gradio web app: the chat and the admin tab (only this package imports gradio)."""
