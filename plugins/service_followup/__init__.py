"""The after-sales follow-up specialist (售后回访专员): every SV- duty of the manual."""
