INSERT INTO automation_journal (singleton, next_seq) VALUES (1, 1);
