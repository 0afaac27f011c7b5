// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_pingpong: the TCP baseline of lnetmr's small-message benchmark.
 * One connection with TCP_NODELAY; the client sends SIZE bytes, the server
 * echoes them, COUNT times; prints the mean round trip in microseconds.
 *
 *   tcp_pingpong server PORT
 *   tcp_pingpong client ADDR PORT SIZE COUNT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int full(int fd, char *buf, size_t len, int rd)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = rd ? read(fd, buf + done, len - done) :
				 write(fd, buf + done, len - done);
		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1, fd, c;
	char buf[65536];

	if (argc == 3 && !strcmp(argv[1], "server")) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		sa.sin_port = htons(atoi(argv[2]));
		if (bind(fd, (void *)&sa, sizeof(sa)) || listen(fd, 1))
			return perror("bind/listen"), 1;
		c = accept(fd, NULL, NULL);
		setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		for (;;) {
			ssize_t n = read(c, buf, sizeof(buf));

			if (n <= 0 || full(c, buf, n, 0))
				return 0;
		}
	}
	if (argc == 6 && !strcmp(argv[1], "client")) {
		size_t size = atoi(argv[4]);
		long i, count = atol(argv[5]);
		struct timespec t0, t1;

		if (size > sizeof(buf) || count <= 0)
			return 2;
		fd = socket(AF_INET, SOCK_STREAM, 0);
		sa.sin_port = htons(atoi(argv[3]));
		inet_pton(AF_INET, argv[2], &sa.sin_addr);
		for (i = 0; connect(fd, (void *)&sa, sizeof(sa)); i++) {
			if (i == 50)
				return perror("connect"), 1;
			usleep(100000);
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		memset(buf, 0x5a, size);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < count; i++)
			if (full(fd, buf, size, 0) || full(fd, buf, size, 1))
				return perror("pingpong"), 1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		printf("%.2f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) /
		       count / 1e3);
		return 0;
	}
	fprintf(stderr, "usage: tcp_pingpong server PORT | client ADDR PORT SIZE COUNT\n");
	return 2;
}
