-- No-op: old embedding data cannot be restored, vec_bookmarks managed at runtime
SELECT 1;
