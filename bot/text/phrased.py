"""The letters of Thai, Lao, Khmer and Burmese, in one place: scripts written without spaces between words.

They set phrases (and Thai and Lao sentences too) apart with spaces, unlike Chinese and Japanese (bot.text.cjk).
Each reader takes the ranges it needs: the body's reader all four (bot.text.clean.is_body_prose), the sentence
splitter Thai and Lao (no stop of their own), the key points' word count Thai, Lao and Khmer, /find's note all four.
Each range holds the script's letters with their vowel and tone marks, not its digits.
"""

from __future__ import annotations

THAI_LAO = "\u0e01-\u0e4e\u0e81-\u0ecd"
KHMER = "\u1780-\u17dd"
BURMESE = "\u1000-\u103f\u1050-\u109f"
PHRASED = THAI_LAO + KHMER + BURMESE
