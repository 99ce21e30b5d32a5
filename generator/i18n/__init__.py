"""The words the tool writes, in the runbook's language: gettext catalogs read through Babel."""
