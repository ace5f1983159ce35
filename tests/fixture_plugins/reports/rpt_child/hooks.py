"""No hooks: this plugin only brings a template that overrides rpt_base's."""
