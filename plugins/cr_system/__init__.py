"""The CR specialist (CR专员): letters, kanban, lists and the department routine."""
