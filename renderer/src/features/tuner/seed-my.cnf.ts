/**
 * The co-writing platform's example option file, bundled so the Linter tab can load it offline.
 * Copied verbatim from shared/corpus/cowrite/seed-my.cnf (the app never reads ../shared at run time).
 */
export const seedMyCnf = `[mysqld]
innodb_buffer_pool_size = 4G
innodb_buffer_pool_instances = 4
innodb_log_buffer_size = 64M
key_buffer_size = 256M
myisam_sort_buffer_size = 64M
read_buffer_size = 2M
read_rnd_buffer_size = 8M
sort_buffer_size = 4M
join_buffer_size = 4M
tmp_table_size = 256M
max_heap_table_size = 256M
max_connections = 500
max_connect_errors = 1000
connect_timeout = 10
wait_timeout = 28800
interactive_timeout = 28800
thread_cache_size = 50
thread_stack = 256K
innodb_file_per_table = 1
innodb_flush_log_at_trx_commit = 2
innodb_log_file_size = 512M
innodb_log_files_in_group = 2
innodb_flush_method = O_DIRECT
innodb_io_capacity = 2000
innodb_io_capacity_max = 4000
innodb_read_io_threads = 8
innodb_write_io_threads = 8
innodb_thread_concurrency = 16
innodb_lock_wait_timeout = 50
innodb_deadlock_detect = ON
query_cache_type = 1
query_cache_size = 256M
query_cache_limit = 2M
log_error = /var/log/mysql/error.log
slow_query_log = 1
slow_query_log_file = /var/log/mysql/slow.log
long_query_time = 0.2
log_queries_not_using_indexes = 1
log_throttle_queries_not_using_indexes = 10
log_bin = /var/log/mysql/mysql-bin.log
binlog_format = ROW
expire_logs_days = 7
max_binlog_size = 500M
`;
