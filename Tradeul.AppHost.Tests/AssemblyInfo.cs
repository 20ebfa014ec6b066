// Each AppHost test class starts real servers and services; two at once on a 2-core machine only slow both.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The platform tests run redis-server and PostgreSQL from the machine's packages and read /proc: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
