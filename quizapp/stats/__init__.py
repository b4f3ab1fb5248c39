"""Item statistics: what learners' answers and reviews say about each question.

Read from quizzes' Answer and study's ReviewLog (no tables of its own); the library shows them
through the hooks in library/item_statistics.py, which quizzes fills in its AppConfig.ready.
"""
