package org.berth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** An app command that calls the server: failures of the call become one message and exit 1. */
abstract class AppClientCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Override
    public Integer call() throws Exception {
        try {
            return run(server.client());
        } catch (ApiClient.ApiException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    abstract int run(ApiClient client) throws ApiClient.ApiException, InterruptedException;
}
