/*
 * Licensed to the Apache Software Foundation (ASF) under one or more
 * contributor license agreements.  See the NOTICE file distributed with
 * this work for additional information regarding copyright ownership.
 * The ASF licenses this file to You under the Apache License, Version 2.0
 * (the "License"); you may not use this file except in compliance with
 * the License.  You may obtain a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package ai.emby.camel.web;

import org.apache.camel.spi.Metadata;

/** Header names of the {@code emby-web} bridge. */
public final class EmbyWebConstants {

    // Input (set by the bridge on the exchange it creates per browser prompt)

    @Metadata(label = "consumer", description = "The bridge's id of the browser stream this exchange answers (also in"
                                                + " the URL the page's EventSource reads).", javaType = "String")
    public static final String STREAM_ID = "CamelEmbyWebStreamId";

    @Metadata(label = "consumer", description = "The id the page sent for its browser tab: one prompt runs per tab at"
                                                + " a time.", javaType = "String")
    public static final String TAB_ID = "CamelEmbyWebTabId";

    // Output (set before the finished exchange enters the route)

    @Metadata(label = "consumer", description = "How the answer ended, as the page was told: end (complete answer),"
                                                + " error (a failure: the exception is in the exchange property"
                                                + " CamelExceptionCaught) or cancelled (the browser went away or"
                                                + " pressed Stop; the exception has reason CANCELLED).",
              javaType = "String", enums = "end,error,cancelled")
    public static final String OUTCOME = "CamelEmbyWebOutcome";

    @Metadata(label = "consumer", description = "Why the bridge cancelled the call, when it did: the page pressed Stop,"
                                                + " the browser disconnected and did not come back within"
                                                + " reconnectGrace, the page never opened the event stream, or the"
                                                + " consumer stopped. (The exception's own message only says that the"
                                                + " stream's producer was stopped, which is how the bridge cancels.)",
              javaType = "String")
    public static final String CANCEL_REASON = "CamelEmbyWebCancelReason";

    /** {@link #OUTCOME} values. */
    public static final String OUTCOME_END = "end";
    public static final String OUTCOME_ERROR = "error";
    public static final String OUTCOME_CANCELLED = "cancelled";

    private EmbyWebConstants() {
    }
}
