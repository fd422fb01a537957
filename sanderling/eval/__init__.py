"""Accuracy of coded events against gold sentences (`sanderling eval`, evaluation/ scripts).

    scoring   the figures of ../shared/tools/score_events.py, PLOVER roots, actor and recipient words
"""
