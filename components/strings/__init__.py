"""User-visible strings, one module per page; merged in components.i18n."""
