"""Item statistics: what learners' answers and reviews say about each question.

Worked out from quizzes' Answer and study's ReviewLog by a background task and stored one row per
question (models.py, stored.py); pages read the stored rows. The library shows them through the
hooks in library/item_statistics.py, which quizzes fills in its AppConfig.ready.
"""
