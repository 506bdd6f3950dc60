"""The self-study edition: what a learner working alone gets instead of a teacher.

guide.py builds selvstudie/ (a notebook and its data) from solutions/ and the released
assignments: per hand-graded task the rubric and an example answer, per autograded task the
visible checks with their Danish explanations. view.py is the notebook's widget: the example
answer unfolds only after the learner has saved an answer of some length in mine-svar/.
"""
