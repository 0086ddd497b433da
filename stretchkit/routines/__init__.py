"""Routines: suggest one from goals and minutes, swap items, report and print one."""
