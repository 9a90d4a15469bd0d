/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The whole-system suites: the SPMC core, its partitions and a normal world
 * in the simulator, grouped by ABI area like a compliance suite.
 */
#include <CppUTest/CommandLineTestRunner.h>

#ifdef __SANITIZE_ADDRESS__
/*
 * The simulator turns a partition's host SIGSEGV/SIGBUS into an FF-A abort:
 * sim_start() installs its own handler, which siglongjmps back into the
 * partition's thread, and sim_destroy() puts the previous one back. ASan must
 * install its handler in a way that lets a program replace it (handle_segv=1,
 * not 2; older runtimes also needed allow_user_segv_handler=1, which newer ones
 * take as the default). Nothing is lost: ASan finds bad accesses with its
 * instrumentation before they happen, and a fault that is not a partition's
 * (the test thread, the SPMC core) is handed back by the simulator to the
 * handler it replaced, i.e. ASan's, which reports it. These are defaults:
 * ASAN_OPTIONS in the environment still overrides them.
 */
extern "C" const char *__asan_default_options(void);
extern "C" const char *__asan_default_options(void)
{
	return "handle_segv=1:handle_sigbus=1:allow_user_segv_handler=1";
}
#endif

int main(int argc, char **argv)
{
	/*
	 * CppUTest's new/delete leak-detection overloads stay on: they do not
	 * interfere with the simulator. Its threads are created and its memory
	 * allocated by C code (pthreads, malloc), which the overloads never see;
	 * the test partitions allocate nothing; and only one simulator thread
	 * runs at a time, handing over through semaphores, so the detector's
	 * lack of thread safety is never exercised. (Checked: the suites pass
	 * with and without them, with and without ASan/LSan.) Should a test
	 * partition ever keep C++ allocations across tests, switch them off here
	 * with MemoryLeakWarningPlugin::turnOffNewDeleteOverloads().
	 */
	return CommandLineTestRunner::RunAllTests(argc, argv);
}
