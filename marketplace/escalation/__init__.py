"""Nobody left unanswered: a request nobody responds to reaches ever more people."""
