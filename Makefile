# `sam build` runs one build-<LogicalId> target per function (BuildMethod: makefile, in the source tree).
# The Maven wrapper packages the five function jars once; each target puts its function's jar in
# $(ARTIFACTS_DIR)/lib, where Lambda's Java runtime puts every jar on the classpath.

JARS_BUILT := .aws-sam/function-jars.stamp
SOURCES := pom.xml $(shell find functions -name pom.xml -o -path '*/src/main/*' -type f)

$(JARS_BUILT): $(SOURCES)
	./mvnw -B -q package -DskipTests -pl functions/token-api,functions/scheduled-refresh,functions/refresh-worker,functions/ops,functions/policy-audit -am
	mkdir -p $(dir $@) && touch $@

define copy-jar
	mkdir -p $(ARTIFACTS_DIR)/lib
	cp functions/$(1)/target/$(1)-lambda.jar $(ARTIFACTS_DIR)/lib/
endef

build-TokenFunction: $(JARS_BUILT)
	$(call copy-jar,token-api)

build-ScheduledRefreshFunction: $(JARS_BUILT)
	$(call copy-jar,scheduled-refresh)

build-RefreshWorkerFunction: $(JARS_BUILT)
	$(call copy-jar,refresh-worker)

build-OpsApiFunction build-OpsInvokeFunction: $(JARS_BUILT)
	$(call copy-jar,ops)

build-PolicyAuditFunction: $(JARS_BUILT)
	$(call copy-jar,policy-audit)

.PHONY: build-TokenFunction build-ScheduledRefreshFunction build-RefreshWorkerFunction build-OpsApiFunction build-OpsInvokeFunction build-PolicyAuditFunction
