"""Publication rights: consent of authors, commissioner and respondents, credits of figures,
confidential parts that stay out of the site, and deposit packages for the institutions'
repositories."""

from wijs.rights.consent import consent_summary
from wijs.rights.figures import body_with_credits

__all__ = ["body_with_credits", "consent_summary"]
